#pragma once
// The Savestates menu: quick-save/quick-load on the current slot, slot selection, the ten
// slots of the running game with their thumbnails and save times (read from the files' headers
// on the GUI thread; the machine itself is never touched here), undo load and undo save.
// Also the savestate page of the settings dialog.
#include <QMenu>
#include <QWidget>
#include <string>

#include "settings.h"

class QCheckBox;
class QSpinBox;

namespace app {

class SavestateMenu : public QMenu {
    Q_OBJECT
  public:
    explicit SavestateMenu(QWidget* parent = nullptr);
    // The game whose slots are listed ("" with no game running: the slot entries are off).
    void setGame(const QString& appData, const std::string& gameId, bool running);
    void setCurrentSlot(int slot);
    void setHotkeys(const Settings& settings) { settings_ = &settings; }

  Q_SIGNALS:
    void saveRequested(int slot);
    void loadRequested(int slot);
    void slotSelected(int slot);
    void undoLoadRequested();
    void undoSaveRequested();

  private:
    void rebuild();
    QString shortcutText(Hotkey h) const;

    QString appData_;
    std::string gameId_;
    bool running_ = false;
    int slot_ = 0;
    const Settings* settings_ = nullptr;
    QStyle* thumbStyle_ = nullptr; // bigger icons: the slot thumbnails
    QMenu* loadMenu_ = nullptr;
    QMenu* saveMenu_ = nullptr;
};

class SavestateSettingsPage : public QWidget {
    Q_OBJECT
  public:
    explicit SavestateSettingsPage(const Settings& settings, QWidget* parent = nullptr);
    void apply(Settings& settings) const;

  private:
    QCheckBox* rewind_ = nullptr;
    QSpinBox* interval_ = nullptr;
    QSpinBox* budget_ = nullptr;
    QSpinBox* runAhead_ = nullptr;
    QCheckBox* cardsPerGame_ = nullptr;
};

} // namespace app
