package io.gatehouse.policy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.routing.Route;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in the {@code audit_record} table, over plain JDBC so the SQL is exactly what runs. */
public final class JdbcAuditTrail implements AuditTrail {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcAuditTrail(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public AuditRecord append(AuditEvent e) {
        // Microsecond precision: what both H2 and PostgreSQL store, so a record reads back as written.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String detail = canonicalJson(e);
        String sql = "INSERT INTO audit_record (at, actor, action, subject, outcome, route, tier, detail) VALUES (?,?,?,?,?,?,?,?)";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, e.actor());
            ps.setString(3, e.action().name());
            ps.setString(4, e.subject());
            ps.setString(5, e.outcome());
            setNullable(ps, 6, e.route() == null ? null : e.route().name());
            setNullable(ps, 7, e.tier() == null ? null : e.tier().name());
            ps.setString(8, detail);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                return new AuditRecord(id, at, e.actor(), e.action(), e.subject(), e.outcome(), e.route(), e.tier(), detail);
            }
        } catch (SQLException ex) {
            throw new AuditException("could not append audit record (" + e.action() + ")", ex);
        }
    }

    @Override
    public AuditPage list(AuditQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.from() != null) { where.append(" AND at >= ?"); args.add(Timestamp.from(q.from())); }
        if (q.to() != null) { where.append(" AND at < ?"); args.add(Timestamp.from(q.to())); }
        if (q.actor() != null) { where.append(" AND actor = ?"); args.add(q.actor()); }
        if (q.action() != null) { where.append(" AND action = ?"); args.add(q.action().name()); }
        if (q.route() != null) { where.append(" AND route = ?"); args.add(q.route().name()); }
        if (q.tier() != null) { where.append(" AND tier = ?"); args.add(q.tier().name()); }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_record" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditRecord> records = new ArrayList<>();
            String sql = "SELECT id, at, actor, action, subject, outcome, route, tier, detail FROM audit_record" + where
                    + " ORDER BY id DESC LIMIT ? OFFSET ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                List<Object> all = new ArrayList<>(args);
                all.add(q.size());
                all.add((long) q.page() * q.size());
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.add(read(rs));
                    }
                }
            }
            return new AuditPage(records, q.page(), q.size(), total);
        } catch (SQLException ex) {
            throw new AuditException("could not read the audit trail", ex);
        }
    }

    private static AuditRecord read(ResultSet rs) throws SQLException {
        String route = rs.getString("route");
        String tier = rs.getString("tier");
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("subject"), rs.getString("outcome"),
                route == null ? null : Route.valueOf(route), tier == null ? null : Tier.valueOf(tier),
                rs.getString("detail"));
    }

    static String canonicalJson(AuditEvent e) {
        try {
            return CANONICAL.writeValueAsString(e.detail());
        } catch (JsonProcessingException ex) {
            throw new AuditException("audit detail is not serialisable", ex);
        }
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
