package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.policy.SystemPermission;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class AccessCacheTest extends ApiTest {
    @Autowired
    AccessPolicies access;

    @Autowired
    Assignments assignments;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aChangeThatRollsBackLeavesNoTraceInCompiledAccess() {
        Tenant t = newWorkspace();
        UUID eve = newUser(t, "eve@" + t.slug() + ".test");
        UUID auditor = UUID.fromString(
                api().post("/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")))
                        .json()
                        .get("id")
                        .asString());

        transactions.executeWithoutResult(status -> {
            assignments.create(
                    t.id(), new Assignments.Stored(UUID.randomUUID(), auditor, null, null, false, null, true));
            access.changed(t.id());
            assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                    .isTrue();
            status.setRollbackOnly();
        });

        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isFalse();
        // Another change reaches the version number the rolled-back one had taken.
        api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support"));
        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isFalse();
    }

    @Test
    void theNodeThatMadeAChangeEnforcesItOnTheNextRequest() {
        Tenant t = newWorkspace();
        UUID eve = newUser(t, "eve@" + t.slug() + ".test");
        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isFalse();
        String auditor = api().post(
                        "/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")))
                .json()
                .get("id")
                .asString();

        api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", auditor, "userId", eve.toString()));

        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isTrue();
    }
}
