package io.custodia.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a GET whose answer is itself an act that leaves a trace (an audited export, a kept copy):
 * {@code HEAD}, which Spring MVC serves with the GET's handler and whose answer it throws away, is
 * refused with 405 ({@code Allow: GET}) by {@link RecordedReads}, so that nothing is done or
 * audited for an answer never sent.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RecordedRead {}
