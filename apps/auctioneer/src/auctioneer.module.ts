import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AuctionHouse } from './auctionHouse';

@Controller()
export class AuctioneerController {
  constructor(private readonly house: AuctionHouse) {}

  /** Liveness over the bus: the API's /health and operators ask this. */
  @MessagePattern('auctioneer.status')
  status() {
    return { auctioneer: this.house.address, ...this.house.stats, solvers: this.house.solvers() };
  }
}

@Module({})
export class AuctioneerModule {
  static forRoot(house: AuctionHouse): DynamicModule {
    return { module: AuctioneerModule, controllers: [AuctioneerController], providers: [{ provide: AuctionHouse, useValue: house }] };
  }
}
