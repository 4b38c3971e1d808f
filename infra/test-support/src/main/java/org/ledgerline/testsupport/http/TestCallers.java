package org.ledgerline.testsupport.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who calls a module's endpoints in its slice, where the platform's security (token signatures, URL rules) is not
 * on the class path: the bearer token is plain text naming the user and roles, {@code test-caller <uuid> ROLE,ROLE}.
 * The controller's own checks (an admin-only action, an owner's resource) still run on that caller; whether a
 * forged, expired or missing token is refused is the platform's to prove (its AccessAttackIT), not a module's.
 */
public final class TestCallers {

    private static final String SCHEME = "Bearer test-caller ";

    private TestCallers() {}

    /** A bearer token for {@link ApiClient} ({@code ApiClient(port, TestCallers::token)}). */
    public static String token(UUID userId, Set<String> roles) {
        return "test-caller " + userId + " " + String.join(",", roles);
    }

    /** The user and roles a request's {@code Authorization} header names, if it carries a test caller. */
    public static Optional<Claims> claims(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(SCHEME.length()).trim().split(" ", 2);
        Set<String> roles = parts.length < 2
                ? Set.of()
                : Arrays.stream(parts[1].split(","))
                        .filter(role -> !role.isBlank())
                        .collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Claims(UUID.fromString(parts[0]), roles));
    }

    /**
     * For a module's test application: {@code @Bean WebMvcConfigurer testCallers() { return
     * TestCallers.webMvc(Caller.class, Caller::new); }} gives its controllers their caller.
     */
    public static <T> WebMvcConfigurer webMvc(Class<T> type, BiFunction<UUID, Set<String>, T> caller) {
        HandlerMethodArgumentResolver resolver = resolver(type, caller);
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(resolver);
            }
        };
    }

    /**
     * Resolves a controller parameter of {@code type} (the module's caller record) from the test token; without one
     * the request is 401, as the platform answers it.
     */
    public static <T> HandlerMethodArgumentResolver resolver(Class<T> type, BiFunction<UUID, Set<String>, T> caller) {
        return new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return type.equals(parameter.getParameterType());
            }

            @Override
            public Object resolveArgument(
                    MethodParameter parameter,
                    ModelAndViewContainer mavContainer,
                    NativeWebRequest request,
                    WebDataBinderFactory binderFactory) {
                Claims claims = claims(request.getHeader(HttpHeaders.AUTHORIZATION))
                        .orElseThrow(() -> new ResponseStatusException(
                                HttpStatus.UNAUTHORIZED, "A test-caller bearer token is required"));
                return caller.apply(claims.userId(), claims.roles());
            }
        };
    }

    /** A test caller: the user id and roles its token names. */
    public record Claims(UUID userId, Set<String> roles) {}
}
