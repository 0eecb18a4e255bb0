import { chatMessageSent, onTopic } from '@perflab/contracts';

/** chat.message.sent on the configured topic (tests publish to a topic of their own). */
export const chatMessageEventOn = (topic: string) => onTopic(chatMessageSent, topic);
export type ChatMessageEvent = ReturnType<typeof chatMessageEventOn>;
