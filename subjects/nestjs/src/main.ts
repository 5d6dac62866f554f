import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  // the tutorial's page is served from another origin: any origin may read the stream
  app.enableCors();
  await app.listen(process.env.PORT ?? 3000, process.env.HOST ?? '127.0.0.1');
  console.log(`listening on ${await app.getUrl()}`);
}
await bootstrap();
