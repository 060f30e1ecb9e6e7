package io.gatehouse.policy;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking: name, roles, the highest tier they are cleared for, and the groups they belong to.
 * A chunk is visible to a principal when its tier is at most the clearance and it either has no
 * groups or shares at least one with the principal (see {@link #mayRead}).
 */
public record Principal(String username, Set<Role> roles, Tier clearance, Set<String> groups) {

    public Principal {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(clearance, "clearance");
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** The clearance rule, stated once; the index implements the same rule inside its query. */
    public boolean mayRead(Tier tier, Set<String> chunkGroups) {
        if (!tier.atMost(clearance)) {
            return false;
        }
        if (chunkGroups.isEmpty()) {
            return true;
        }
        for (String g : chunkGroups) {
            if (groups.contains(g)) {
                return true;
            }
        }
        return false;
    }
}
