namespace Akka.Payments.Node.Hosting;

/// <summary>Marker for the account shard region in the <c>ActorRegistry</c>.</summary>
public sealed class AccountRegion;
