#pragma once
// Geometry Transformation Engine (COP2). Reference: psx-spx "Geometry Transformation Engine
// (GTE)" and "GTE Pipeline Timings". Commands complete at once inside execute(); the returned
// cycle count lets the CPU stall a later GTE access that comes before the command would finish.
#include <cstdint>
#include <type_traits>

namespace savestate {
class StateIO;
}

namespace core {

class Gte {
  public:
    struct State {
        // --- Data registers (cop2r0-31), "GTE Data Register Summary" ---
        int16_t v[3][3];   // V0..V2 as [vector][X,Y,Z]        (cop2r0-5)
        uint8_t rgbc[4];   // R,G,B,CODE                        (cop2r6)
        uint16_t otz;      // OTZ                               (cop2r7)
        int16_t ir[4];     // IR0..IR3                          (cop2r8-11)
        int16_t sxy[3][2]; // SXY0..SXY2 as [stage][X,Y]        (cop2r12-14, r15 = SXYP)
        uint16_t sz[4];    // SZ0..SZ3                          (cop2r16-19)
        uint8_t rgb[3][4]; // RGB0..RGB2 colour FIFO (R,G,B,CD) (cop2r20-22)
        uint32_t res1;     // RES1, plain read/write storage    (cop2r23)
        int32_t mac[4];    // MAC0..MAC3                        (cop2r24-27)
        uint32_t lzcs;     // LZCS                              (cop2r30)
        uint32_t lzcr;     // LZCR, derived from LZCS on write  (cop2r31)
        // --- Control registers (cop2r32-63), "GTE Control Register Summary" ---
        int16_t matrix[3][9]; // RT, LLM, LCM; element row*3+col  (cnt0-4, 8-12, 16-20)
        uint16_t h;           // H, projection plane distance     (cnt26)
        int32_t vec[3][3];    // TR, BK, FC as [vector][X/R,Y/G,Z/B] (cnt5-7, 13-15, 21-23)
        int32_t ofx;          // OFX                              (cnt24)
        int32_t ofy;          // OFY                              (cnt25)
        int32_t dqb;          // DQB                              (cnt28)
        uint32_t flag;        // FLAG bits 30..12; bit 31 is computed on read (cnt31)
        int16_t dqa;          // DQA                              (cnt27)
        int16_t zsf3;         // ZSF3                             (cnt29)
        int16_t zsf4;         // ZSF4                             (cnt30)
        uint16_t unused;      // keeps the struct free of padding (deterministic savestates)
    };
    static_assert(std::is_trivially_copyable_v<State>);
    static_assert(std::has_unique_object_representations_v<State>, "State must have no padding");

    // Matrix and translation-vector indices into State::matrix / State::vec.
    enum : int { kRotation = 0, kLight = 1, kColor = 2 };            // RT, LLM, LCM
    enum : int { kTranslation = 0, kBackground = 1, kFarColor = 2 }; // TR, BK, FC

    Gte() { reset(); }
    void reset();

    uint32_t readData(uint32_t reg);             // MFC2 / SWC2, reg 0..31
    void writeData(uint32_t reg, uint32_t v);    // MTC2 / LWC2, reg 0..31
    uint32_t readControl(uint32_t reg);          // CFC2, reg 0..31 (cop2r32..63)
    void writeControl(uint32_t reg, uint32_t v); // CTC2, reg 0..31 (cop2r32..63)

    // Executes a COP2 command word (instr & 0x1FFFFFF). Returns the command's duration in CPU
    // cycles ("GTE Opcode Summary").
    uint32_t execute(uint32_t command);

    void serialize(savestate::StateIO& io); // section "gte", version 2

    State& state() { return s_; }
    const State& state() const { return s_; }

    // The RTPS/RTPT perspective division H/SZ3 as the hardware's unsigned Newton-Raphson
    // ("GTE Division Inaccuracy"): result 0..1FFFFh; `overflow` when H >= SZ3*2.
    static uint32_t unrDivide(uint32_t h, uint32_t sz3, bool& overflow);

    // Cycle count returned for the N/A command numbers, whose timing is undocumented.
    static constexpr uint32_t kUnknownCommandCycles = 1;

  private:
    // Accumulation and saturation helpers ("GTE Saturation"); `i` is 1..3 for MAC/IR/colour.
    int64_t checkMac(int i, int64_t value);
    int64_t setMac0(int64_t value);
    int16_t saturateIr(int i, int32_t value, bool lm);
    uint8_t saturateColor(int i, int32_t value);
    void setIrFromMac(bool lm);
    void pushColor();

    int64_t matrixRow(const int16_t* row, const int16_t* vec, int64_t start, int i);
    void mulMatrixVector(const int16_t* m, const int16_t* vec, const int32_t* t, int shift,
                         bool lm);
    void colorFinish(const int64_t base[3], bool depthCue, int shift, bool lm);
    void colorStages(const int16_t* normal, bool colorMul, bool depthCue, int shift, bool lm);

    void rtp(int vertex, int shift, bool lm, bool depthCue);
    void nclip();
    void op(int shift, bool lm);
    void dpc(const uint8_t* rgb, int shift, bool lm);
    void intpl(int shift, bool lm);
    void mvmva(uint32_t command, int shift, bool lm);
    void cdp(int shift, bool lm);
    void cc(int shift, bool lm);
    void sqr(int shift, bool lm);
    void dcpl(int shift, bool lm);
    void avsz3();
    void avsz4();
    void gpf(int shift, bool lm);
    void gpl(int shift, bool lm);

    State s_;
};

} // namespace core
