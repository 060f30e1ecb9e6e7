package io.gatehouse.generate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Daily limits on estimated closed-API spend, per user and for everyone, in the currency of the
 * destinations' prices. When a limit is reached, closed destinations are reported down for that
 * asker's decisions, so the policy answers on-prem (or refuses, if on-prem is down too): nothing is
 * sent out once the money is spent. Days are UTC. Totals are kept in memory: a restart starts the day
 * afresh (seeding from the audit trail is not built).
 */
public final class SpendBudget {

    /** Either limit may be null: unlimited. */
    public record Limits(BigDecimal perUserPerDay, BigDecimal globalPerDay) {
        public static final Limits UNLIMITED = new Limits(null, null);
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, BigDecimal> byUser = new HashMap<>();
    private BigDecimal global = BigDecimal.ZERO;
    private LocalDate day;

    public SpendBudget(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public static SpendBudget unlimited() {
        return new SpendBudget(Limits.UNLIMITED, Clock.systemUTC());
    }

    public synchronized void record(String user, BigDecimal cost) {
        rollOver();
        byUser.merge(user, cost, BigDecimal::add);
        global = global.add(cost);
    }

    /** Why closed destinations are off limits for {@code user} today, if they are. */
    public synchronized Optional<String> exhausted(String user) {
        rollOver();
        if (limits.perUserPerDay() != null && byUser.getOrDefault(user, BigDecimal.ZERO).compareTo(limits.perUserPerDay()) >= 0) {
            return Optional.of("your daily budget for closed model APIs (" + limits.perUserPerDay().toPlainString() + ") is spent");
        }
        if (limits.globalPerDay() != null && global.compareTo(limits.globalPerDay()) >= 0) {
            return Optional.of("today's budget for closed model APIs (" + limits.globalPerDay().toPlainString() + ") is spent");
        }
        return Optional.empty();
    }

    public synchronized BigDecimal spentToday(String user) {
        rollOver();
        return byUser.getOrDefault(user, BigDecimal.ZERO);
    }

    public synchronized BigDecimal spentTodayByAll() {
        rollOver();
        return global;
    }

    private void rollOver() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            byUser.clear();
            global = BigDecimal.ZERO;
        }
    }
}
