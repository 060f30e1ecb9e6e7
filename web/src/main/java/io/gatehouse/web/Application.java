package io.gatehouse.web;

import io.micronaut.openapi.annotation.OpenAPIExclude;
import io.micronaut.openapi.annotation.OpenAPIInclude;
import io.micronaut.runtime.Micronaut;
import io.micronaut.security.endpoints.LoginController;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Starts Gatehouse. Prepares the data folder and the JWT signing secret before the context starts.
 * The OpenAPI description of the REST API is generated from the controllers at compile time and served
 * at {@code /openapi/gatehouse-0.1.yml}.
 */
@OpenAPIDefinition(info = @Info(title = "Gatehouse", version = "0.1",
        description = "Privacy-tiered retrieval-augmented answers: ingestion, questions, policy, audit and accounts. "
                + "Errors are application/problem+json (RFC 9457)."),
        security = @SecurityRequirement(name = "bearer"))
// The web pages are HTML for browsers, not part of the REST contract.
@OpenAPIExclude(packages = "io.gatehouse.web.ui")
@OpenAPIInclude(classes = LoginController.class) // POST /api/auth/login, where the bearer token comes from
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws IOException {
        // Lucene logs through java.util.logging; without the bridge its lines bypass logback's levels and format.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Path dataDir = Path.of(setting("gatehouse.data-dir", "GATEHOUSE_DATA_DIR", "data")).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        Map<String, Object> props = new HashMap<>();
        // H2 refuses relative paths; everything under the data folder is resolved from here on.
        props.put("gatehouse.data-dir", dataDir.toString());
        if (System.getenv("GATEHOUSE_JWT_SECRET") == null) {
            props.put("micronaut.security.token.jwt.signatures.secret.generator.secret", jwtSecret(dataDir));
        }
        Micronaut.build(args).mainClass(Application.class).properties(props).start();
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null) {
            v = System.getenv(env);
        }
        return v == null ? fallback : v;
    }

    /** A random 256-bit secret kept in the data folder, readable by its owner only. */
    private static String jwtSecret(Path dataDir) throws IOException {
        Path file = dataDir.resolve("jwt-secret");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = HexFormat.of().formatHex(key);
        Files.writeString(file, secret, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the folder's own permissions apply
        }
        return secret;
    }
}
