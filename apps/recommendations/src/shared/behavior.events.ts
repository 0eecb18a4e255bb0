import { onTopic, userBehavior } from '@perflab/contracts';

/** The user.behavior contract on a configurable topic: production its own name, tests a unique one. */
export function userBehaviorEventOn(topic: string) {
  return onTopic(userBehavior, topic);
}

export type UserBehaviorEvent = ReturnType<typeof userBehaviorEventOn>;
