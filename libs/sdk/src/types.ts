// The SDK's response types are the API's, generated from its OpenAPI document (src/generated/openapi.ts).
export type {
  AuctionList,
  AuctionSummary,
  CancelledIntent,
  Chain,
  IntentView,
  Quote,
  QuoteAnswer,
  SignedAward as SignedAwardView,
  SubmittedIntent,
  Token as TokenInfo,
  Operations,
} from './generated/openapi';
