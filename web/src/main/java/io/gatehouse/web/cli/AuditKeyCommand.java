package io.gatehouse.web.cli;

import io.gatehouse.policy.audit.AuditKey;
import io.gatehouse.policy.audit.AuditKeyring;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ./gatehouse audit-key rotate [--data-dir data]}: retires the audit key in {@code <data>/audit.key}
 * to {@code <data>/audit-keys/retired-<keyid>.key} and writes a new key in its place, both owner read/write
 * only. Prints key ids, never key material. Servers use the new key from their next start; the first
 * record they append is an AUDIT_KEY_ROTATED record naming both ids (docs/audit.md, "The keys").
 */
public final class AuditKeyCommand {

    static final String USAGE = "usage: ./gatehouse audit-key rotate [--data-dir data]";

    private AuditKeyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns the process exit code (0 done, 1 refused, 2 bad usage). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("rotate") || args.length % 2 == 0
                || (args.length == 3 && !args[1].equals("--data-dir")) || args.length > 3) {
            err.println(USAGE);
            return 2;
        }
        Path data = Path.of(args.length == 3 ? args[2] : env.getOrDefault("GATEHOUSE_DATA_DIR", "data"));
        Path keyFile = data.resolve("audit.key");
        try {
            AuditKeyring.Rotation r = AuditKeyring.rotate(env, keyFile);
            out.println("retired audit key " + r.retiredKeyId() + " (kept in " + r.retiredFile() + " to verify older records)");
            out.println("new audit key     " + r.newKeyId() + " (in " + keyFile.toAbsolutePath() + ")");
            out.println("Restart the server(s) to sign with the new key; the first record they write is an AUDIT_KEY_ROTATED record");
            out.println("naming both ids. Back up the new key file and the audit-keys folder outside the database backups.");
            return 0;
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException refused) {
            err.println("audit-key rotate: " + refused.getMessage());
            if (env.get(AuditKey.ENV_VAR) != null) {
                err.println("(the key file " + keyFile + " was left as it is)");
            }
            return 1;
        }
    }
}
