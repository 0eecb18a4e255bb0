/** What a recipient receives as `new_message` and what history returns: the shape. */
export interface MessageView {
  messageId: string;
  chatId: string;
  senderId: string;
  message: string;
  sentAt: string;
}

export interface MessageRow {
  id: string;
  chat_id: string;
  sender_id: string;
  body: string;
  sent_at: Date;
  seq?: string;
}

export function messageView(row: MessageRow): MessageView {
  return {
    messageId: row.id,
    chatId: row.chat_id,
    senderId: row.sender_id,
    message: row.body,
    sentAt: row.sent_at.toISOString(),
  };
}
