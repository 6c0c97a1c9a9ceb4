package io.tenfold.validation;

/**
 * A client's value as an error message repeats it: at most {@value #MAX} characters, control
 * characters escaped, so that no answer is larger or stranger than it need be to say which value
 * was wrong.
 */
public final class Echo {

    public static final int MAX = 64;

    private Echo() {
    }

    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < value.length() && shown < MAX; ) {
            int c = value.codePointAt(i);
            out.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : new String(Character.toChars(c)));
            i += Character.charCount(c);
            shown++;
        }
        int total = value.codePointCount(0, value.length());
        return total > MAX ? out + "... (%d characters)".formatted(total) : out.toString();
    }
}
