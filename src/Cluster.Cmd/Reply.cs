using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Akka.Payments.Cmd;

/// <summary>An answer of the management endpoint: its contract record, and the document as it came (for <c>--json</c>).</summary>
public sealed record Reply<T>(T Body, JsonElement Json)
{
    public static Reply<T> Of(JsonElement json, JsonTypeInfo<T> type) =>
        new(json.Deserialize(type) ?? throw new CommandFailedException("the management endpoint answered with an empty body", ExitCodes.Failed), json);
}
