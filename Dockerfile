# syntax=docker/dockerfile:1
# Multi-stage: build with the dev dependencies, ship only the production ones, run as an unprivileged user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts ./scripts
COPY domain ./domain
COPY application ./application
COPY infrastructure ./infrastructure
COPY presentation ./presentation
COPY entrypoint ./entrypoint
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_PORT=8081 \
    GRPC_PORT=5052 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
# The build copies the .proto and .avsc schemas beside their compiled adapters in dist/.
COPY --from=build --chown=node:node /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8081 5052 8558
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8081)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM reaches node directly (exec form), which shuts down gracefully. A young generation of up to 64 MiB per
# semi-space lets a message's objects die young under load instead of filling the old space (docs/performance.md).
CMD ["node", "--max-semi-space-size=64", "dist/entrypoint/main.js"]
