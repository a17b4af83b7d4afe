export * from './types';
export * from './codec';
export * from './subjectMatch';
export { INTAKE_SEAL_HEADER, openIntakeSeal, sealIntake } from './intakeSeal';
export {
  encodeIntakeGroup,
  intakeGroupMsgId,
  openIntakeGroupSeal,
  sealIntakeGroup,
  type IntakeGroupEntry,
} from './intakeGroup';
export { InProcessBus, InProcessStream, createInProcessMessaging } from './inProcess';
export {
  NatsBus,
  JetStreamIntentStream,
  createNatsMessaging,
  natsConnectionOptions,
  type ConnectNatsOptions,
  type NatsCredentials,
  type NatsStreamOptions,
} from './nats';
export { BusServer } from './busServer';
