package io.custodia.records;

import static io.custodia.platform.db.Tables.PIPELINE_STAGE;

import io.custodia.platform.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.springframework.stereotype.Component;

/** A deal is always in a stage of its pipeline; without one it goes to the first stage of the first pipeline. */
@Component
class DealPlacement {
    private final DSLContext db;

    DealPlacement(DSLContext db) {
        this.db = db;
    }

    /**
     * Fills in the pipeline and stage a deal goes to; {@code memo} keeps what was looked up for the
     * rest of the request, so an import of a million lines asks once, not a million times.
     */
    void placeInPipeline(UUID ws, Map<String, Object> builtIns, RecordRow existing, Map<Object, Object> memo) {
        UUID stage = (UUID) builtIns.get("stageId");
        UUID pipeline = (UUID) builtIns.get("pipelineId");
        if (stage == null && pipeline == null) {
            @SuppressWarnings("unchecked")
            var first = (Record2<UUID, UUID>) memo.computeIfAbsent(
                    "first stage",
                    k -> db.select(PIPELINE_STAGE.PIPELINE_ID, PIPELINE_STAGE.ID)
                            .from(PIPELINE_STAGE)
                            .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws))
                            .orderBy(PIPELINE_STAGE.PIPELINE_ID, PIPELINE_STAGE.POSITION)
                            .limit(1)
                            .fetchOne());
            if (first == null) {
                throw ApiProblem.invalid("pipelineId", "the workspace has no pipeline yet; create one first");
            }
            builtIns.put("pipelineId", first.value1());
            builtIns.put("stageId", first.value2());
            return;
        }
        if (stage == null) {
            UUID firstStage = (UUID) memo.computeIfAbsent(
                    List.of("first stage of", pipeline),
                    k -> db.select(PIPELINE_STAGE.ID)
                            .from(PIPELINE_STAGE)
                            .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws).and(PIPELINE_STAGE.PIPELINE_ID.eq(pipeline)))
                            .orderBy(PIPELINE_STAGE.POSITION)
                            .limit(1)
                            .fetchOne(PIPELINE_STAGE.ID));
            if (firstStage == null) {
                throw ApiProblem.invalid("pipelineId", "no such pipeline");
            }
            builtIns.put("stageId", firstStage);
            return;
        }
        UUID stagePipeline = (UUID) memo.computeIfAbsent(
                List.of("pipeline of", stage),
                k -> db.select(PIPELINE_STAGE.PIPELINE_ID)
                        .from(PIPELINE_STAGE)
                        .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws).and(PIPELINE_STAGE.ID.eq(stage)))
                        .fetchOne(PIPELINE_STAGE.PIPELINE_ID));
        if (stagePipeline == null) {
            throw ApiProblem.invalid("stageId", "no such stage");
        }
        if (pipeline != null && !pipeline.equals(stagePipeline)) {
            throw ApiProblem.invalid("stageId", "the stage belongs to another pipeline");
        }
        builtIns.put("pipelineId", stagePipeline);
    }
}
