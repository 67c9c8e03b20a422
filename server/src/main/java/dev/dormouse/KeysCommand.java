package dev.dormouse;

import com.typesafe.config.Config;
import dev.dormouse.access.Scope;
import dev.dormouse.auth.ApiKeys;
import dev.dormouse.config.Settings;
import dev.dormouse.protocol.InputText;
import dev.dormouse.store.ApiKey;
import dev.dormouse.store.ApiKeyStore;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Stores;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code java -jar dormouse.jar keys create|list|revoke}: the server API's keys, managed on the
 * operator's machine. It opens the store the server is configured with ({@code DATA_DIR} or {@code
 * DATABASE_URL}), migrating it like the server would, and never starts a server, so it works
 * whether one runs or not. A new key is written alone to standard output, so a script can take it
 * with {@code $(…)}; everything else goes to standard error.
 */
public final class KeysCommand {

  private static final String USAGE =
      """
      usage: dormouse keys create --name <name> --scopes <publish,moderate,read,admin>
             dormouse keys list
             dormouse keys revoke <key id>""";

  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  private KeysCommand(PrintStream out, PrintStream err, Clock clock) {
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** Runs {@code args} (what follows {@code keys}) against the configured store; the exit code. */
  public static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
    return new KeysCommand(out, err, Clock.systemUTC()).run(args, config);
  }

  private int run(List<String> args, Config config) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    String verb = args.getFirst();
    List<String> rest = args.subList(1, args.size());
    return switch (verb) {
      case "create" -> create(rest, config);
      case "list" -> rest.isEmpty() ? withStore(config, this::list) : usage();
      case "revoke" ->
          rest.size() == 1 ? withStore(config, keys -> revoke(keys, rest.getFirst())) : usage();
      default -> usage();
    };
  }

  private int create(List<String> args, Config config) {
    Optional<Map<String, String>> options = options(args);
    if (options.isEmpty() || !options.get().keySet().equals(Set.of("--name", "--scopes"))) {
      return usage();
    }
    String name = InputText.cleanName(options.get().get("--name"));
    int length = InputText.length(name);
    if (length < 1 || length > ApiKeys.MAX_NAME_LENGTH) {
      err.println("A key's name is 1 to " + ApiKeys.MAX_NAME_LENGTH + " characters.");
      return 2;
    }
    Optional<Set<Scope>> scopes = Scope.parseList(options.get().get("--scopes"));
    if (scopes.isEmpty()) {
      err.println("Scopes are a comma-separated list of publish, moderate, read and admin.");
      return 2;
    }
    return withStore(
        config,
        keys -> {
          ApiKeys.Issued issued =
              join(new ApiKeys(keys).create(name, scopes.get(), clock.millis()));
          err.println(
              "Created key "
                  + issued.key().id()
                  + " ("
                  + issued.key().name()
                  + ") with scopes "
                  + Scope.listOf(issued.key().scopes())
                  + ". It is shown this once; store it now.");
          out.println(issued.secret());
          return 0;
        });
  }

  private int list(ApiKeyStore keys) {
    List<ApiKey> all = join(keys.list());
    if (all.isEmpty()) {
      err.println("No keys yet: dormouse keys create --name <name> --scopes <scopes>");
    }
    for (ApiKey key : all) {
      out.println(
          String.join(
              "\t",
              key.id(),
              key.name(),
              Scope.listOf(key.scopes()),
              "created " + Instant.ofEpochMilli(key.createdAt()),
              key.revoked() ? "revoked " + Instant.ofEpochMilli(key.revokedAt()) : "active"));
    }
    return 0;
  }

  private int revoke(ApiKeyStore keys, String id) {
    Optional<ApiKey> revoked = join(keys.revoke(id, clock.millis()));
    if (revoked.isEmpty()) {
      err.println("There is no key " + id + ".");
      return 1;
    }
    err.println(
        "Revoked key "
            + id
            + " ("
            + revoked.get().name()
            + ") at "
            + Instant.ofEpochMilli(revoked.get().revokedAt())
            + ".");
    return 0;
  }

  @FunctionalInterface
  private interface KeysWork {
    int run(ApiKeyStore keys);
  }

  private int withStore(Config config, KeysWork work) {
    Settings settings = Settings.from(config);
    try (MessageStore store = Stores.open(settings.store())) {
      return work.run(store.keys());
    } catch (RuntimeException e) {
      err.println("The store could not be used: " + e.getMessage());
      return 1;
    }
  }

  /** {@code --name x --scopes y} or {@code --name=x}; empty for anything else or a repeat. */
  private static Optional<Map<String, String>> options(List<String> args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String option;
      String value;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        option = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (arg.startsWith("--") && i + 1 < args.size()) {
        option = arg;
        value = args.get(++i);
      } else {
        return Optional.empty();
      }
      if (options.put(option, value) != null) {
        return Optional.empty();
      }
    }
    return Optional.of(options);
  }

  private int usage() {
    err.println(USAGE);
    return 2;
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
