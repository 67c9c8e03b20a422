package dev.dormouse.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options: {@code --name value} pairs, and {@code --quick} on its own. */
record Options(Map<String, String> values) {

  private static final Set<String> FLAGS = Set.of("quick", "docs");
  static final Set<String> KNOWN = Set.of("quick", "docs", "servers", "scenarios", "idle-connections", "dormouse-jar",
      "peers", "results", "docs-file", "findings", "server-core", "command", "fanout", "joins",
      "dormouse-java-options", "storm-clients");

  static Options parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (FLAGS.contains(name)) {
        values.put(name, "true");
      } else if (i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return new Options(values);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int number(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  List<String> list(String name, String fallback) {
    return List.of(get(name, fallback).split(name.equals("dormouse-java-options") ? " +" : ","));
  }
}
