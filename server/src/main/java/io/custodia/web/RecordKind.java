package io.custodia.web;

import java.util.List;
import java.util.Optional;

/** The record types the console has pages for, with the columns their lists show. */
public enum RecordKind {
    DEALS("deals", "deal", List.of("title", "amount", "stageId", "ownerId", "updatedAt")),
    CONTACTS("contacts", "contact", List.of("name", "email", "phone", "ownerId", "updatedAt")),
    COMPANIES("companies", "company", List.of("name", "domain", "ownerId", "updatedAt"));

    public final String path;
    public final String entity;
    public final List<String> columns;

    RecordKind(String path, String entity, List<String> columns) {
        this.path = path;
        this.entity = entity;
        this.columns = columns;
    }

    static Optional<RecordKind> of(String path) {
        for (RecordKind kind : values()) {
            if (kind.path.equals(path)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** What a record of this kind is called in a list or a heading. */
    public String nameOf(Json record) {
        return switch (this) {
            case DEALS -> record.s("title");
            case CONTACTS -> (record.s("firstName") + " " + record.s("lastName")).strip();
            case COMPANIES -> record.s("name");
        };
    }
}
