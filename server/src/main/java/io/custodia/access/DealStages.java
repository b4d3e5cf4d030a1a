package io.custodia.access;

import java.util.Map;
import java.util.UUID;

/** The workspace's deal stages (the records feature answers), for reports that say levels stage by stage. */
public interface DealStages {

    /** Every deal stage, in pipeline and stage order, each named as people read it ("Pipeline / Stage"). */
    Map<UUID, String> namesOf(UUID workspaceId);
}
