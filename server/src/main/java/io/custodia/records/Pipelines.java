package io.custodia.records;

import static io.custodia.platform.db.Tables.PIPELINE;
import static io.custodia.platform.db.Tables.PIPELINE_STAGE;

import io.custodia.access.DealStages;
import io.custodia.platform.RenderedOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Each workspace's deal pipelines and their stages, in order. */
@Repository
public class Pipelines implements DealStages {
    private final DSLContext db;
    private final RenderedOnce statements;

    Pipelines(DSLContext db, RenderedOnce statements) {
        this.db = db;
        this.statements = statements;
    }

    public enum Kind {
        OPEN,
        WON,
        LOST
    }

    public record Stage(UUID id, String name, Kind kind, int position) {}

    public record Pipeline(UUID id, String name, List<Stage> stages) {}

    void create(UUID workspaceId, Pipeline pipeline) {
        db.insertInto(PIPELINE)
                .set(PIPELINE.WORKSPACE_ID, workspaceId)
                .set(PIPELINE.ID, pipeline.id())
                .set(PIPELINE.NAME, pipeline.name())
                .execute();
        for (Stage stage : pipeline.stages()) {
            db.insertInto(PIPELINE_STAGE)
                    .set(PIPELINE_STAGE.WORKSPACE_ID, workspaceId)
                    .set(PIPELINE_STAGE.ID, stage.id())
                    .set(PIPELINE_STAGE.PIPELINE_ID, pipeline.id())
                    .set(PIPELINE_STAGE.NAME, stage.name())
                    .set(PIPELINE_STAGE.KIND, stage.kind().name())
                    .set(PIPELINE_STAGE.POSITION, stage.position())
                    .execute();
        }
    }

    public List<Pipeline> all(UUID workspaceId) {
        // Every console page of deals reads them: both statements are rendered once, and their rows
        // read by position (each select's order), not built as jOOQ records first.
        Map<UUID, Pipeline> pipelines = statements
                .statement(
                        "pipelines",
                        v -> db.select(PIPELINE.ID, PIPELINE.NAME)
                                .from(PIPELINE)
                                .where(PIPELINE.WORKSPACE_ID.eq((UUID) v[0]))
                                .orderBy(PIPELINE.CREATED_AT, PIPELINE.ID),
                        workspaceId)
                .read(db, r -> {
                    Map<UUID, Pipeline> found = new LinkedHashMap<>();
                    while (r.next()) {
                        UUID id = r.getObject(1, UUID.class);
                        found.put(id, new Pipeline(id, r.getString(2), new ArrayList<>()));
                    }
                    return found;
                });
        List<Map.Entry<UUID, Stage>> stages = statements
                .statement(
                        "pipelines.stages",
                        v -> db.select(
                                        PIPELINE_STAGE.PIPELINE_ID,
                                        PIPELINE_STAGE.ID,
                                        PIPELINE_STAGE.NAME,
                                        PIPELINE_STAGE.KIND,
                                        PIPELINE_STAGE.POSITION)
                                .from(PIPELINE_STAGE)
                                .where(PIPELINE_STAGE.WORKSPACE_ID.eq((UUID) v[0]))
                                .orderBy(PIPELINE_STAGE.POSITION),
                        workspaceId)
                .read(db, r -> {
                    List<Map.Entry<UUID, Stage>> found = new ArrayList<>();
                    while (r.next()) {
                        found.add(Map.entry(
                                r.getObject(1, UUID.class),
                                new Stage(
                                        r.getObject(2, UUID.class),
                                        r.getString(3),
                                        Kind.valueOf(r.getString(4)),
                                        r.getInt(5))));
                    }
                    return found;
                });
        stages.forEach(stage -> pipelines.get(stage.getKey()).stages().add(stage.getValue()));
        return List.copyOf(pipelines.values());
    }

    @Override
    public Map<UUID, String> namesOf(UUID workspaceId) {
        Map<UUID, String> names = new LinkedHashMap<>();
        for (Pipeline pipeline : all(workspaceId)) {
            for (Stage stage : pipeline.stages()) {
                names.put(stage.id(), pipeline.name() + " / " + stage.name());
            }
        }
        return names;
    }
}
