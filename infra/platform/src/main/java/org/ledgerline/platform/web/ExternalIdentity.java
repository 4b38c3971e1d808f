package org.ledgerline.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Turns an external identity provider's claims into the platform's: {@code roles} from the configured claim path
 * (dotted into nested claims: {@code realm_access.roles} for Keycloak; or a flat {@code roles} / {@code groups}),
 * mapped by the role mapping; {@code sub} becomes a user id. A UUID subject stays as it is; any other subject becomes
 * the name-based UUID (version 3) of {@code iss + "|" + sub}, stable across tokens and restarts, and different per
 * issuer. The provider's own subject is kept in {@code external_sub}.
 */
final class ExternalIdentity implements Converter<Map<String, Object>, Map<String, Object>> {

    private final MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
    private final String[] rolesPath;
    private final Map<String, String> roleMapping;

    ExternalIdentity(SecurityProperties.External properties) {
        this.rolesPath = properties.rolesClaim().split("\\.");
        this.roleMapping = properties.roles();
    }

    @Override
    public Map<String, Object> convert(Map<String, Object> source) {
        Map<String, Object> claims = new LinkedHashMap<>(defaults.convert(source));
        Object issuer = claims.get("iss");
        Object subject = claims.get("sub");
        if (subject != null) {
            claims.put("external_sub", subject.toString());
            claims.put(
                    "sub",
                    userId(issuer == null ? "" : issuer.toString(), subject.toString())
                            .toString());
        }
        claims.put("roles", List.copyOf(roles(source)));
        return claims;
    }

    static UUID userId(String issuer, String subject) {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes((issuer + "|" + subject).getBytes(StandardCharsets.UTF_8));
        }
    }

    private Set<String> roles(Map<String, Object> claims) {
        Object node = claims;
        for (String step : rolesPath) {
            node = node instanceof Map<?, ?> map ? map.get(step) : null;
        }
        Set<String> roles = new LinkedHashSet<>();
        if (node instanceof Collection<?> names) {
            names.forEach(name -> map(String.valueOf(name), roles));
        } else if (node instanceof String names) {
            for (String name : names.split("[\\s,]+")) {
                map(name, roles);
            }
        }
        return roles;
    }

    private void map(String name, Set<String> roles) {
        String mapped = roleMapping.get(name);
        if (mapped != null) {
            roles.add(mapped);
        } else if (name.equals("ADMIN") || name.equals("CUSTOMER")) {
            roles.add(name);
        }
    }
}
