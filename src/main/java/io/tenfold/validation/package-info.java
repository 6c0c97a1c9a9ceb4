/**
 * The one error every validation throws ({@link io.tenfold.validation.InvalidFieldException}), naming the
 * field at fault. Imports nothing of Tenfold's: every other package may use it.
 */
package io.tenfold.validation;
