namespace Tdlab.Experiments.RnnGating;

/// <summary>The recurrent cell: vanilla tanh RNN ("rnn"), GRU, LSTM, or minimalRNN (Chen, Pennington and Schoenholz 2018).</summary>
public enum RecurrentModel
{
    Rnn,
    Gru,
    Lstm,
    Minimal,
}
