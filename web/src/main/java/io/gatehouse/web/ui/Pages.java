package io.gatehouse.web.ui;

import java.util.Collection;

/** Where each role starts. */
final class Pages {

    private Pages() {
    }

    static String homeOf(Collection<String> roles) {
        if (roles.contains("STAFF")) {
            return "/ask";
        }
        if (roles.contains("COMPLIANCE")) {
            return "/audit";
        }
        if (roles.contains("ADMIN")) {
            return "/admin";
        }
        return "/ask";
    }
}
