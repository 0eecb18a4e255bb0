export { ContractViolationError } from './contract-violation.error';
export {
  defineEvent,
  onTopic,
  type DecodeFailureReason,
  type Decoded,
  type EventContract,
  type EventKey,
  type EventKeyInput,
  type EventOf,
  type EventValue,
  type EventValueInput,
  type RawBytes,
} from './define-event';
export { DEAD_LETTER_HEADERS, deadLetterTopicOf } from './dead-letter';
export { userRegistered, type UserRegistered } from './events/user-registered.event';
export {
  NOTIFICATION_CHANNELS,
  notificationRequested,
  type NotificationChannel,
  type NotificationRequested,
} from './events/notification-requested.event';
export {
  feedbackReceived,
  sessionCompleted,
  type FeedbackReceived,
  type SessionCompleted,
} from './events/impact-events';
export {
  USER_BEHAVIOR_ACTIONS,
  shopId,
  userBehavior,
  type UserBehavior,
  type UserBehaviorAction,
} from './events/user-behavior.event';
export { CHAT_ID, chatMessageSent, type ChatMessageSent } from './events/chat-message-sent.event';
