/**
 * A shim for a class ND4J 1.0.0-M2.1 renamed: its CPU check still looks the old name up. Nothing
 * here is Tenfold's own; see system.NativeBackend.
 */
package org.nd4j.nativeblas;
