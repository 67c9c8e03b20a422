package dev.dormouse.store;

/** What claiming a room came to. */
public enum ClaimOutcome {
  CLAIMED,
  /** Someone claimed it before. */
  ALREADY_CLAIMED,
  /** It is unclaimed but has messages, and the claimer may not take over a room in use. */
  HAS_HISTORY
}
