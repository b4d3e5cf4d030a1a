package io.custodia.policy;

/** One thing wrong with a role body: where (a dotted path) and what. */
public record Violation(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
