# Sourced by the quick-start scripts: Dormouse builds Java 21 bytecode, so Maven and the jar
# need a JDK 21 or newer. Use JAVA_HOME when it already points at one; otherwise pick the
# newest JDK 21+ under /usr/lib/jvm, so the reader never has to edit JAVA_HOME by hand.

java_feature_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_feature_version "$JAVA_HOME")" -lt 21 ]; then
  best=""
  best_version=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    version=$(java_feature_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate
      best_version=$version
    fi
  done
  if [ -z "$best" ]; then
    echo "Dormouse needs a JDK 21 or newer; none found in JAVA_HOME or /usr/lib/jvm." >&2
    exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
