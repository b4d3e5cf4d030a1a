package io.custodia.collaboration;

import io.custodia.access.GrantEnds;
import io.custodia.audit.AuditLog;
import io.custodia.platform.Tenancy;
import java.time.Duration;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What is told about grants that expire (access-model, "Grants that expire"): the holder is notified
 * a day before the end, and the end is written in the audit log once it has come. Neither decides
 * anything: a grant stops counting at its instant whether or not this has run.
 */
@Service
class GrantEndNotices {
    static final Duration AHEAD = Duration.ofDays(1);
    private static final AuditLog.Actor CUSTODIA = new AuditLog.Actor(null, "Custodia");
    private final List<GrantEnds> kinds;
    private final Notifications notifications;
    private final AuditLog audit;

    GrantEndNotices(List<GrantEnds> kinds, Notifications notifications, AuditLog audit) {
        this.kinds = kinds;
        this.notifications = notifications;
        this.audit = audit;
    }

    @Scheduled(fixedDelayString = "${custodia.grants.notice-poll:PT1M}")
    @Transactional
    public void sweep() {
        Tenancy.acrossWorkspaces(() -> {
            for (GrantEnds kind : kinds) {
                for (GrantEnds.GrantEnd end : kind.claimEnded()) {
                    audit.record(
                            end.workspaceId(),
                            CUSTODIA,
                            end.auditAction(),
                            end.targetType(),
                            end.targetId(),
                            end.grant(),
                            null);
                }
                for (GrantEnds.GrantEnd end : kind.claimEnding(AHEAD)) {
                    notifications.notify(
                            end.workspaceId(),
                            end.holder(),
                            "grant.expiring",
                            end.recordType(),
                            end.recordId(),
                            false,
                            end.notice());
                }
            }
            return null;
        });
    }
}
