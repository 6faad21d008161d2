# syntax=docker/dockerfile:1
# One image for all three apps; docker-compose.yml and the Kubernetes manifests pick the app
# with the command (node dist/<app>/main.js). The default command is the gateway.
#
# tests/src/deploy-image.test.ts replays both stages without Docker (it reads ENV, COPY,
# RUN, USER, CMD and HEALTHCHECK from this file), so keep those instructions plain.
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY tests/package.json ./tests/package.json
COPY tools ./tools
RUN npm ci --no-audit --no-fund
RUN npm run build
# Only the workspace manifests travel to the runtime stage: `npm ci` needs them to match the lock.
RUN mkdir -p /manifests && find libs apps tests -maxdepth 2 -name package.json -exec cp --parents {} /manifests \;

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG AICR_VERSION=dev
LABEL org.opencontainers.image.title="aicr-server" \
      org.opencontainers.image.description="AICR API server: gateway, recipe service and bundle worker" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    AICR_VERSION=${AICR_VERSION} \
    AICR_RECIPES_DIR=/app/recipes \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /manifests/ ./
# Production dependencies only; the apps' own code is bundled into dist/ (tools/build.mjs).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY recipes ./recipes
COPY deploy/docker/healthcheck.mjs ./healthcheck.mjs
# Everything above is owned by root and only readable by the app, which runs as the image's
# `node` user. Numeric, so Kubernetes can check runAsNonRoot without a passwd lookup.
USER 1000:1000
EXPOSE 8080
# Probes the app's /health: PORT for the gateway and recipe service, AICR_METRICS_PORT for a worker.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "healthcheck.mjs"]
CMD ["node", "dist/gateway/main.js"]
