export { startEmbedded, type DevOperator, type EmbeddedOptions } from './main';
