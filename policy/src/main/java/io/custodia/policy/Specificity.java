package io.custodia.policy;

/** Whether a candidate comes from an entry set for exactly what is asked, or inherited from the entity entry. */
public enum Specificity {
    DETAILED,
    INHERITED
}
