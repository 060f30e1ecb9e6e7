package io.gatehouse.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of {@code ./gatehouse bench NAME} and {@code ./gatehouse eval NAME}: runs the class
 * {@code io.gatehouse.bench.<Name>Bench} or {@code io.gatehouse.bench.<Name>Eval} with the remaining arguments.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: Main bench|eval NAME [ARGS]");
            System.exit(2);
        }
        String suffix = switch (args[0]) {
            case "bench" -> "Bench";
            case "eval" -> "Eval";
            default -> throw new IllegalArgumentException("expected bench or eval, got " + args[0]);
        };
        String name = args[1].toLowerCase(Locale.ROOT);
        String className = Main.class.getPackageName() + "." + Character.toUpperCase(name.charAt(0)) + name.substring(1) + suffix;
        Class<?> target;
        try {
            target = Class.forName(className);
        } catch (ClassNotFoundException e) {
            System.err.println("no " + args[0] + " named '" + args[1] + "' (looked for " + className + ")");
            System.exit(2);
            return;
        }
        Method main = target.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                // A bad option or path: the message says which and what is expected; a stack trace would bury it.
                System.err.println("gatehouse " + args[0] + " " + name + ": " + bad.getMessage());
                System.exit(2);
            }
            throw e.getCause();
        }
    }
}
