package dev.dormouse.store;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.room.RoomId;

/**
 * One room in a person's list: its title (null when it has none: unclaimed, or claimed without
 * one), their marker, how many messages after it others sent, the room's latest seq, and its newest
 * message that is not deleted ({@code latest}, null when it has none).
 */
public record RoomSummary(
    RoomId room, String title, long lastRead, long unread, long seq, ChatMessage latest) {}
