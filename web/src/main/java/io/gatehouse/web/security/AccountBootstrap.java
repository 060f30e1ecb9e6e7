package io.gatehouse.web.security;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts a start needs, created before anything else runs at start-up (before ingestion resumes
 * and the demo corpus loads): the demo users when {@code gatehouse.demo.accounts} is on, and on a first
 * start with an empty account table the first administrator, with the configured password
 * ({@code GATEHOUSE_ADMIN_PASSWORD}) or a generated one printed once to standard output. A generated password
 * must be changed at first sign-in; demo and configured passwords were chosen by the operator and need not.
 */
@Singleton
public class AccountBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AccountBootstrap.class);
    private static final String ACTOR = "system";

    private final UserDirectory users;
    private final AccountSettings settings;
    private final List<DemoUser> demoUsers;
    private final boolean demoAccounts;
    private final SecureRandom random = new SecureRandom();

    public AccountBootstrap(UserDirectory users, AccountSettings settings, List<DemoUser> demoUsers,
                            @Value("${gatehouse.demo.accounts:false}") boolean demoAccounts) {
        this.users = users;
        this.settings = settings;
        this.demoUsers = demoUsers;
        this.demoAccounts = demoAccounts;
    }

    @EventListener
    @Order(-200)
    void onStartup(StartupEvent event) {
        run(System.out);
    }

    /** Creates what is missing; a generated administrator password goes to {@code console}, never to the log. */
    void run(PrintStream console) {
        if (demoAccounts) {
            for (DemoUser d : demoUsers) {
                if (users.account(d.name()).isEmpty()) {
                    users.seed(new NewAccount(d.name(), d.password().toCharArray(), EnumSet.copyOf(d.roles()), d.clearance(),
                            d.groups() == null ? Set.of() : new HashSet<>(d.groups())), ACTOR, false);
                }
            }
        }
        if (!users.isEmpty()) {
            return;
        }
        String name = settings.initialAdminUser();
        String configured = settings.initialAdminPassword();
        boolean generated = configured == null || configured.isBlank();
        char[] password = generated ? generate() : configured.toCharArray();
        NewAccount admin = new NewAccount(name, password, EnumSet.of(Role.ADMIN), Tier.RESTRICTED, Set.of());
        if (generated) {
            // generated: nobody chose it, and it was shown on a console; the administrator must replace it
            if (users.seed(admin, ACTOR, true).isEmpty()) {
                return; // another node created it first; its console shows the password
            }
            console.print(banner(name, password));
            console.flush();
            LOG.info("first start: created administrator '{}' with a generated password (printed once to standard output)", name);
        } else {
            // A configured password follows the same rules as any other (at least 12 characters).
            // the operator chose this password: no forced change
            users.create(admin, ACTOR, false);
            LOG.info("first start: created administrator '{}' with the password from gatehouse.accounts.initial-admin-password", name);
        }
        Arrays.fill(password, '\0');
    }

    private char[] generate() {
        byte[] bytes = new byte[18]; // 144 bits, 24 URL-safe characters
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static String banner(String user, char[] password) {
        String line = "=".repeat(72);
        return "\n" + line + "\n"
                + "  Gatehouse first start: an administrator account was created.\n\n"
                + "      user:      " + user + "\n"
                + "      password:  " + new String(password) + "\n\n"
                + "  This password is shown only this once. Sign in at /login: you will be asked\n"
                + "  to set your own (or POST /api/users/me/password) before anything else.\n"
                + line + "\n\n";
    }
}
