using System.Globalization;
using System.Text;

namespace Akka.Payments.Node.Kafka.Embedded;

/// <summary>
/// The fault-injection routes of the embedded Kafka process (a test and chaos facility, never a real Kafka's): each
/// request names one fault of librdkafka's mock cluster and applies it at once. Transport-free, so that the routes
/// are tested without HTTP; <see cref="EmbeddedKafkaControlServer"/> serves them on loopback.
/// <code>
/// POST   /brokers/{id}/down                        the broker stops answering (its partitions are unavailable)
/// POST   /brokers/{id}/up
/// POST   /brokers/{id}/rtt?ms=N                    every response of the broker is delayed N ms (0 ends it)
/// POST   /partitions/{topic}/{p}/leader?broker=N   the partition's leader moves
/// POST   /coordinators/{group|transaction}/{key}?broker=N
/// POST   /errors/{api}?errors=E1,E2,...            the next requests of the api (any broker, any client) fail with E1, E2, ...
/// DELETE /errors/{api}                             drops the errors no request has received yet
/// POST   /requests/tracking, DELETE /requests/tracking, GET /requests   count the requests received, by api
/// </code>
/// An api is a name (Produce, Fetch, OffsetCommit, ...) or its number; an error a name (NOT_LEADER_OR_FOLLOWER, ...)
/// or its code. A request that names no known route answers 404, a bad one 400 with the reason; what was applied
/// is answered (and logged) on one line.
/// </summary>
public sealed class EmbeddedKafkaControl(EmbeddedKafka kafka, Action<string> log)
{
    public const string FileName = "kafka.control";

    /// <summary>Kafka protocol ApiKeys by name (the ones a fault is usually aimed at).</summary>
    public static readonly IReadOnlyDictionary<string, short> Apis = new Dictionary<string, short>(StringComparer.OrdinalIgnoreCase)
    {
        ["Produce"] = 0, ["Fetch"] = 1, ["ListOffsets"] = 2, ["Metadata"] = 3, ["OffsetCommit"] = 8, ["OffsetFetch"] = 9,
        ["FindCoordinator"] = 10, ["JoinGroup"] = 11, ["Heartbeat"] = 12, ["LeaveGroup"] = 13, ["SyncGroup"] = 14,
        ["ApiVersions"] = 18, ["InitProducerId"] = 22,
    };

    /// <summary>Kafka protocol error codes by name (the retriable ones a fault is usually made of, and a few more).</summary>
    public static readonly IReadOnlyDictionary<string, int> Errors = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["UNKNOWN_TOPIC_OR_PART"] = 3, ["LEADER_NOT_AVAILABLE"] = 5, ["NOT_LEADER_OR_FOLLOWER"] = 6,
        ["REQUEST_TIMED_OUT"] = 7, ["NETWORK_EXCEPTION"] = 13, ["COORDINATOR_LOAD_IN_PROGRESS"] = 14,
        ["COORDINATOR_NOT_AVAILABLE"] = 15, ["NOT_COORDINATOR"] = 16, ["NOT_ENOUGH_REPLICAS"] = 19,
        ["NOT_ENOUGH_REPLICAS_AFTER_APPEND"] = 20, ["REBALANCE_IN_PROGRESS"] = 27, ["KAFKA_STORAGE_ERROR"] = 56,
    };

    public readonly record struct Response(int Status, string Body);

    public Response Handle(string method, string path, IReadOnlyDictionary<string, string> query)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            Applied? applied = (method.ToUpperInvariant(), parts) switch
            {
                ("POST", ["brokers", var id, "down"]) => Do(() => kafka.BrokerDown(Broker(id)), $"broker {id} down"),
                ("POST", ["brokers", var id, "up"]) => Do(() => kafka.BrokerUp(Broker(id)), $"broker {id} up"),
                ("POST", ["brokers", var id, "rtt"]) => Rtt(id, query),
                ("POST", ["partitions", var topic, var partition, "leader"]) => Leader(topic, partition, query),
                ("POST", ["coordinators", var type, var key]) => Do(() => kafka.SetCoordinator(type, key, Broker(Required(query, "broker"))),
                    $"broker {query.GetValueOrDefault("broker")} coordinates {type} {key}"),
                ("POST", ["errors", var api]) => PushErrors(api, query),
                ("DELETE", ["errors", var api]) => Do(() => kafka.ClearRequestErrors(Api(api)), $"pending {api} errors cleared"),
                ("POST", ["requests", "tracking"]) => Do(kafka.StartRequestTracking, "request tracking started"),
                ("DELETE", ["requests", "tracking"]) => Do(kafka.StopRequestTracking, "request tracking stopped"),
                ("GET", ["requests"]) => Tracked(),
                _ => null,
            };
            if (applied is null) return new Response(404, $"no route {method} {path}; see `Cluster.Node kafka --help`\n");
            if (applied.Log) log($"Embedded Kafka fault: {applied.Text}");
            return new Response(200, applied.Text + "\n");
        }
        catch (ArgumentException e)
        {
            return new Response(400, e.Message + "\n");
        }
        catch (InvalidOperationException e)
        {
            return new Response(400, e.Message + "\n");
        }
    }

    private Applied Rtt(string id, IReadOnlyDictionary<string, string> query)
    {
        var ms = Number(Required(query, "ms"), "ms");
        kafka.SetBrokerRtt(Broker(id), ms);
        return new Applied($"broker {id} rtt {ms} ms");
    }

    private Applied Leader(string topic, string partition, IReadOnlyDictionary<string, string> query)
    {
        var broker = Broker(Required(query, "broker"));
        kafka.SetPartitionLeader(topic, Number(partition, "partition"), broker);
        return new Applied($"leader of {topic}/{partition} moved to broker {broker}");
    }

    private Applied PushErrors(string api, IReadOnlyDictionary<string, string> query)
    {
        var names = Required(query, "errors").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var codes = names.Select(ErrorCode).ToList();
        kafka.PushRequestErrors(Api(api), codes);
        return new Applied($"next {codes.Count} {api} request(s) fail with {string.Join(", ", names)}");
    }

    private Applied Tracked()
    {
        var text = new StringBuilder();
        foreach (var (api, count) in kafka.TrackedRequests().OrderBy(r => r.Key))
            text.Append(CultureInfo.InvariantCulture, $"{NameOf(api)} {count}\n");
        return new Applied(text.ToString().TrimEnd('\n'), Log: false);
    }

    private static Applied Do(Action apply, string what)
    {
        apply();
        return new Applied(what);
    }

    public static string NameOf(short api) => Apis.FirstOrDefault(a => a.Value == api).Key ?? api.ToString(CultureInfo.InvariantCulture);

    private static short Api(string text) =>
        Apis.TryGetValue(text, out var api) ? api
        : short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out api) ? api
        : throw new ArgumentException($"unknown api '{text}': one of {string.Join(", ", Apis.Keys)} or an ApiKey number");

    private static int ErrorCode(string text) =>
        Errors.TryGetValue(text, out var code) ? code
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out code) ? code
        : throw new ArgumentException($"unknown error '{text}': one of {string.Join(", ", Errors.Keys)} or a Kafka error code");

    private static int Broker(string text) => Number(text, "broker");

    private static int Number(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{what} must be a non-negative number, not '{text}'");

    private static string Required(IReadOnlyDictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException($"missing query parameter '{name}'");

    private sealed record Applied(string Text, bool Log = true);
}
