package io.custodia.audit;

import io.custodia.platform.Jobs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every job that stopped before its end is audited, by the server, naming who started it and who
 * stopped it (the user who cancelled it, or none when its starter lost the rights it needed).
 */
@Component
class JobStops {
    private final AuditLog audit;
    private final TransactionTemplate ownTransaction;

    JobStops(AuditLog audit, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    void stopped(Jobs.Stopped stop) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("kind", stop.kind());
        what.put("startedBy", stop.startedBy());
        what.put("stoppedBy", stop.stoppedBy());
        // The English words for whoever reads the log itself, and the words as a template with
        // their arguments, for a reader of another language (issue #28).
        what.put("reason", stop.reason().toString());
        what.put("reasonText", stop.reason().stored());
        ownTransaction.executeWithoutResult(status -> audit.record(
                stop.workspaceId(),
                new AuditLog.Actor(null, "Custodia"),
                "job.stopped",
                "job",
                stop.jobId(),
                null,
                what));
    }
}
