#pragma once
// Tools > Memory Card Manager: two cards side by side (a console slot or any card file), each
// listing its saves with the title (Shift-JIS converted), the blocks and the animated icon;
// copy or move between them, delete, import and export single saves, undo. The logic is in
// memcard_manager.h; edits of console cards go through their journals (memcard_access.h).
#include <QDialog>
#include <QTimer>
#include <array>
#include <optional>

#include "memcard_manager.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace app {

class MemoryCardDialog : public QDialog {
    Q_OBJECT
  public:
    MemoryCardDialog(CardSlot::ConsoleAccess console, QString startDirectory,
                     QWidget* parent = nullptr);
    // The side (0 left, 1 right) shows this card file instead (tests, drag and drop).
    void openFile(int side, const QString& path);
    // The saves listed on a side, as shown ("title | filename | N blocks"); for tests.
    QStringList listed(int side) const;
    // What the buttons do, on the save in `row` of a side's list (tests call them directly).
    void select(int side, int row);
    void transfer(int from, bool move);
    void deleteSelected(int side);
    void undo(int side);
    // The icon frame shown for `row` of a side (animation), and the last error shown ("" when
    // the last action succeeded).
    int iconFrameShown(int side, int row) const;
    // Moves the icon animation on by `palFrames` (the dialog's timer: 1 every 20 ms).
    void advanceIcons(unsigned palFrames);
    QString lastError() const;

  private:
    struct Side {
        QComboBox* source = nullptr;
        QLabel* status = nullptr;
        QListWidget* list = nullptr;
        QPushButton *del = nullptr, *import = nullptr, *exportSave = nullptr, *undo = nullptr,
                    *saveCard = nullptr;
        std::optional<CardSlot> slot;
        QString filePath;
        int shown = 0; // the source combo's entry the slot is (restored when a pick is cancelled)
    };
    void chooseSource(int side, int index);
    void refresh(int side);
    void importSave(int side);
    void exportSelected(int side);
    void saveCardAs(int side);
    int selectedBlock(int side) const;
    void report(bool ok, const std::string& error);

    CardSlot::ConsoleAccess console_;
    QString directory_;
    std::array<Side, 2> sides_;
    QLabel* message_ = nullptr; // the last error (not a modal box: the manager stays usable)
    QTimer animation_;
    unsigned tick_ = 0; // PAL frames (50 Hz) since the dialog opened
};

} // namespace app
