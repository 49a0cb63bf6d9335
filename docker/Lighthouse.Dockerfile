# Lighthouse seed node. Build from the repository root: docker build -f docker/Lighthouse.Dockerfile -t payments/lighthouse .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Cluster.Shared/ src/Cluster.Shared/
COPY src/Cluster.Management/ src/Cluster.Management/
COPY src/Lighthouse/ src/Lighthouse/
RUN dotnet publish src/Lighthouse/Lighthouse.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# petabridge/lighthouse conventions; CLUSTER_IP is set per container by the stack (its own hostname).
ENV ACTORSYSTEM=payments CLUSTER_PORT=4053
EXPOSE 4053
USER app
# Healthy while the remoting port accepts connections (bash's /dev/tcp: no extra tools in the image).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CLUSTER_PORT:-4053}"]
# SIGTERM: the host stops the ActorSystem, which leaves the cluster before the process exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "Lighthouse.dll"]
