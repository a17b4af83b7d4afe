import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Messaging } from '@intentmesh/messaging';
import { isBytes32, signBusMessage, type Address, type DigestSigner } from '@intentmesh/protocol';
import { AuctionHouse } from './auctionHouse';
import { runQuoteRound } from './quotes/runQuoteRound';
import { TrustService } from './trust/trustService';

const MESSAGING = Symbol('MESSAGING');
const SIGNER = Symbol('SIGNER');

@Controller()
class AuctioneerController {
  constructor(
    private readonly house: AuctionHouse,
    private readonly trust: TrustService,
    @Inject(MESSAGING) private readonly messaging: Messaging,
    @Inject(SIGNER) private readonly signer: DigestSigner,
  ) {}

  /** Liveness over the bus: the API's /health and operators ask this. Signed over the asker's nonce, so a forged or replayed answer is spotted. */
  @MessagePattern('auctioneer.status')
  status(@Payload() request: unknown) {
    const nonce = (request as { nonce?: unknown } | null)?.nonce;
    const body = { auctioneer: this.house.address, ...this.house.stats.counters, solvers: this.house.solvers() };
    return typeof nonce === 'string' && isBytes32(nonce)
      ? signBusMessage('auctioneer.status', { ...body, nonce }, this.signer, nonce)
      : body;
  }

  /** An indicative quote round among the solvers whose probes say they serve now: healthy, or degraded (slow but alive). */
  @MessagePattern('auctioneer.quote')
  async quote(@Payload() request: unknown) {
    // probation (not yet proven) and ejected nodes are not asked; a degraded one that is too slow simply misses the round
    const healthy = this.trust
      .status()
      .filter((s) => s.registered && (s.state === 'healthy' || s.state === 'degraded'))
      .map((s) => s.address as Address);
    const round = await runQuoteRound(this.messaging, healthy, request);
    this.house.metrics.observeQuoteRound(round.answers.length);
    return round;
  }

  /** Prometheus text of this auctioneer, relayed by the API's GET /metrics; signed over the asker's nonce like status. */
  @MessagePattern('auctioneer.metrics')
  metrics(@Payload() request: unknown) {
    const nonce = (request as { nonce?: unknown } | null)?.nonce;
    const text = this.house.metrics.render(this.trust.status());
    return typeof nonce === 'string' && isBytes32(nonce)
      ? signBusMessage('auctioneer.metrics', { text, nonce }, this.signer, nonce)
      : text;
  }
}

@Module({})
export class AuctioneerModule {
  static forRoot(house: AuctionHouse, trust: TrustService, messaging: Messaging, signer: DigestSigner): DynamicModule {
    return {
      module: AuctioneerModule,
      controllers: [AuctioneerController],
      providers: [
        { provide: AuctionHouse, useValue: house },
        { provide: TrustService, useValue: trust },
        { provide: MESSAGING, useValue: messaging },
        { provide: SIGNER, useValue: signer },
      ],
    };
  }
}
