/** A group's id as the user service names it (position-pal's `AvroGroupId.value`). */
export type GroupId = string;

/** A user's id: position-pal's `AvroUserId.username`, the `clientId` of every chat frame. */
export type UserId = string;
