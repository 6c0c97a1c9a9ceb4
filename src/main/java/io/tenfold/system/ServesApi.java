package io.tenfold.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/** Marks a bean that exists only in processes that serve the HTTP API (roles {@code all} and {@code api}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnExpression("!'${tenfold.role:all}'.equalsIgnoreCase('worker')")
public @interface ServesApi {
}
