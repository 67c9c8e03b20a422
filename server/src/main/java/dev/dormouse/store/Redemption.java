package dev.dormouse.store;

/** What redeeming an invite came to. */
public enum Redemption {
  /** One use is taken and the person is a member. */
  REDEEMED,
  /** No such invite for the room, or it was revoked. */
  INVALID,
  /** It expired or is used up. */
  EXPIRED
}
