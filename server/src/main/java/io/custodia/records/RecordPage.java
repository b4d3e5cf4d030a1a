package io.custodia.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A page of records, with what the caller may do with their type ({@link TypeRights}). */
record RecordPage(
        List<Map<String, Object>> items,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor,
        Map<String, Boolean> can) {}
