package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Spring Security's own observations (each filter of its chain, each authentication and
 * authorisation) are off: nothing reads them and they cost every request (issue #26). Requests
 * themselves are still timed.
 */
class SecurityObservationsOffTest extends ApiTest {
    @Autowired
    ObservationRegistry observations;

    @Test
    void securityIsNotObservedAndRequestsStillAre() {
        assertThat(Observation.start("spring.security.filterchains", observations)
                        .isNoop())
                .isTrue();
        assertThat(Observation.start("spring.security.authorizations", observations)
                        .isNoop())
                .isTrue();

        api().get("/actuator/health", null);
        assertThat(api().get("/actuator/prometheus", null).body()).contains("http_server_requests_seconds_count");
    }
}
