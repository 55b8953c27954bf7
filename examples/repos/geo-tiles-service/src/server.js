const fastify = require('fastify')({ logger: true });

fastify.get('/healthz', async () => ({ status: 'ok' }));
fastify.get('/tiles/:z/:x/:y.png', async (req, reply) => {
  reply.type('image/png').send(Buffer.alloc(0));
});

fastify.listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' });
