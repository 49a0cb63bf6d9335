# Payment node. Build from the repository root: docker build -f docker/Node.Dockerfile -t payments/node .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Cluster.Shared/ src/Cluster.Shared/
COPY src/Cluster.Management/ src/Cluster.Management/
COPY src/Cluster.Node/ src/Cluster.Node/
RUN dotnet publish src/Cluster.Node/Cluster.Node.csproj -c Release -o /app --no-self-contained

# aspnet: the management endpoint (127.0.0.1:9110, /healthz) is hosted with ASP.NET Core.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV Payments__DataDir=/data CLUSTER_PORT=4053
RUN mkdir -p /data && chown app /data
VOLUME /data
EXPOSE 4053
USER app
# Asks the node's management endpoint (Management:Url, default http://127.0.0.1:9110): GET /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9110 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "Cluster.Node.dll"]
