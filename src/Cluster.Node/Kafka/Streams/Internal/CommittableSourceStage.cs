using Akka.Streams;
using Akka.Streams.Stage;

namespace Akka.Payments.Node.Kafka.Streams.Internal;

/// <summary>
/// Emits records from a <see cref="ConsumerLoop"/> on demand only; the loop's bounded buffer and partition pausing
/// do the back-pressure. The consumer is created at materialization, so the control works from the start.
/// </summary>
internal sealed class CommittableSourceStage(ConsumerSettings settings, IReadOnlyCollection<string> topics)
    : GraphStageWithMaterializedValue<SourceShape<CommittableMessage>, IConsumerControl>
{
    private readonly Outlet<CommittableMessage> _out = new("kafka.committable.out");

    public override SourceShape<CommittableMessage> Shape => new(_out);

    protected override Attributes InitialAttributes => Attributes.CreateName("kafka-committable-source");

    public override ILogicAndMaterializedValue<IConsumerControl> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var loop = new ConsumerLoop(settings, topics);
        return new LogicAndMaterializedValue<IConsumerControl>(new Logic(this, loop), loop);
    }

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly CommittableSourceStage _stage;
        private readonly ConsumerLoop _loop;

        public Logic(CommittableSourceStage stage, ConsumerLoop loop) : base(stage.Shape)
        {
            _stage = stage;
            _loop = loop;
            SetHandler(stage._out, this);
        }

        public override void PreStart()
        {
            var available = GetAsyncCallback(() => { if (IsAvailable(_stage._out)) TryPush(); });
            var stop = GetAsyncCallback(CompleteStage);
            var fail = GetAsyncCallback<Exception>(FailStage);
            _loop.Attach(available, stop, fail);
        }

        public override void OnPull() => TryPush();

        public override void PostStop() => _loop.StageStopped();

        private void TryPush()
        {
            if (_loop.TryTake(out var message)) Push(_stage._out, message!);
        }
    }
}
